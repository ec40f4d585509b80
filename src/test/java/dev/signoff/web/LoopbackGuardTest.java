package dev.signoff.web;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The loopback guard")
class LoopbackGuardTest {

    private MockHttpServletResponse call(LoopbackGuard guard, String remote, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/promotions");
        request.setRemoteAddr(remote);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        guard.doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(200);
        }
        return response;
    }

    @Test
    @DisplayName("lets this machine in, over IPv4 and IPv6")
    void loopback() throws Exception {
        LoopbackGuard guard = new LoopbackGuard("");
        assertThat(call(guard, "127.0.0.1", null).getStatus()).isEqualTo(200);
        assertThat(call(guard, "0:0:0:0:0:0:0:1", null).getStatus()).isEqualTo(200);
    }

    @Test
    @DisplayName("refuses other hosts when no token is configured, saying how to allow them")
    void noToken() throws Exception {
        MockHttpServletResponse response = call(new LoopbackGuard(""), "10.1.2.3", "Bearer anything");
        assertThat(response.getStatus()).isEqualTo(401);
        MockHttpServletResponse plain = call(new LoopbackGuard(null), "10.1.2.3", null);
        assertThat(plain.getStatus()).isEqualTo(403);
        assertThat(plain.getContentAsString()).contains("signoff.api-token");
    }

    @Test
    @DisplayName("lets other hosts in with the configured token only")
    void token() throws Exception {
        LoopbackGuard guard = new LoopbackGuard("s3cret-token");
        assertThat(call(guard, "10.1.2.3", "Bearer s3cret-token").getStatus()).isEqualTo(200);
        assertThat(call(guard, "10.1.2.3", "Bearer wrong").getStatus()).isEqualTo(401);
        assertThat(call(guard, "10.1.2.3", null).getStatus()).isEqualTo(401);
        assertThat(call(guard, "10.1.2.3", "Bearer wrong").getContentAsString()).doesNotContain("s3cret");
    }
}
