package io.github.dbsnap.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application with its data in SQLite, snapshotted every minute by the dbsnap starter to a
 * local directory; see {@code application.properties} and docs/spring.md. Run it with
 * {@code mvn -pl examples/spring-boot-app -am spring-boot:run}, then open {@code /actuator/health}.
 */
@SpringBootApplication
public class NotesApplication {
    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(NotesApplication.class, args);
    }
}
