package dev.signoff;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SignoffApplication {
    public static void main(String[] args) {
        SpringApplication.run(SignoffApplication.class, args);
    }
}
