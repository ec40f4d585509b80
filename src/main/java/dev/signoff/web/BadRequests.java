package dev.signoff.web;

import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/** A body that cannot be read is answered 400 (or 415) with the reason, and changes nothing. */
@RestControllerAdvice
class BadRequests {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        String reason = e.getMostSpecificCause().getMessage();
        if (reason != null && reason.length() > 300) {
            reason = reason.substring(0, 300) + "…";
        }
        return ResponseEntity.badRequest().body(Map.of("error", "the request body is not valid JSON of the expected shape: " + reason));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, String>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(415).body(Map.of("error", "send the body as application/json"));
    }
}
