package io.github.dbsnap.archive;

/** Rules for entry names: relative paths that extract safely with {@code tar x}. */
final class EntryNames {
    private EntryNames() {
    }

    /** @throws IllegalArgumentException when the name is unsafe */
    static void check(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** @return why the name is unsafe, or null when it is fine */
    static String problem(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            return "entry name is empty or longer than 255 characters";
        }
        if (name.startsWith("/")) {
            return "entry name '" + name + "' is absolute";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return "entry name contains a control character or backslash";
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "entry name '" + name + "' escapes the archive or has an empty segment";
            }
        }
        return null;
    }
}
