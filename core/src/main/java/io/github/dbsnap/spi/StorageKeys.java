package io.github.dbsnap.spi;

import io.github.dbsnap.InvalidStorageKeyException;

/** Validation of provider-relative keys, shared by every storage provider. */
public final class StorageKeys {
    private static final int MAX_LENGTH = 1024;

    private StorageKeys() {
    }

    /**
     * @return the key unchanged when valid
     * @throws InvalidStorageKeyException when empty, absolute, too long, containing empty, {@code .} or
     *                             {@code ..} segments, backslashes or control characters
     */
    public static String validate(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidStorageKeyException("empty snapshot key");
        }
        if (key.length() > MAX_LENGTH) {
            throw new InvalidStorageKeyException("snapshot key longer than " + MAX_LENGTH + " characters");
        }
        if (key.startsWith("/")) {
            throw new InvalidStorageKeyException("snapshot key '" + key + "' is absolute; keys are relative to the storage root");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new InvalidStorageKeyException("snapshot key '" + printable(key) + "' contains a control character or backslash");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidStorageKeyException("snapshot key '" + key + "' escapes the storage root or has an empty segment");
            }
        }
        return key;
    }

    /**
     * @return the prefix unchanged when it is empty or a valid key optionally ending in {@code /}
     * @throws InvalidStorageKeyException otherwise
     */
    public static String validatePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append('?');
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
