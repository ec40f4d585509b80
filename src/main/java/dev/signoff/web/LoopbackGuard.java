package dev.signoff.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The console and the JSON API answer requests from this machine only, unless a token is
 * configured ({@code signoff.api-token}); then a request from elsewhere must carry
 * {@code Authorization: Bearer <token>}. The token is compared in constant time and never logged.
 */
class LoopbackGuard extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(LoopbackGuard.class);

    private final byte[] token;

    LoopbackGuard(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isLoopback(request.getRemoteAddr()) || hasToken(request)) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("refused {} {} from {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr());
        boolean offered = request.getHeader("Authorization") != null;
        response.setStatus(offered || token != null ? HttpServletResponse.SC_UNAUTHORIZED : HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.getWriter().write(token == null
                ? "{\"error\":\"this endpoint answers requests from this machine only; set signoff.api-token to allow others\"}"
                : "{\"error\":\"a valid 'Authorization: Bearer <token>' header is required\"}");
    }

    private boolean hasToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (token == null || header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8));
    }

    static boolean isLoopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
