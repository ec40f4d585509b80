package dev.signoff.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.StepFailure;

/** The authentication flows, redirects and digest checks, against WireMock playing a registry (and a real one as destination). */
@DisplayName("Registry authentication, redirects and digest checks")
class RegistryAuthTest {
    static final String CREDENTIALS = "robot:t0ken-Secret";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(StandardCharsets.UTF_8));
    static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
    static final byte[] LAYER = new byte[4096];
    static byte[] manifest;
    static Digest digest;

    static WireMockServer mock;
    static LocalRegistry open;
    static RegistryClient client;

    @BeforeAll
    static void setUp() throws Exception {
        new SecureRandom().nextBytes(LAYER);
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\n \"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + Digest.sha256Of(CONFIG) + "\",\"size\":" + CONFIG.length + "},\n \"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + Digest.sha256Of(LAYER) + "\",\"size\":" + LAYER.length + "}]}").getBytes(StandardCharsets.UTF_8);
        digest = Digest.sha256Of(manifest);
        mock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
        mock.start();
        open = LocalRegistry.start("open", null, null, true);
        trustAllContext = trustAll();
    }

    static SSLContext trustAllContext;

    /** Trusts WireMock's self-signed certificate, for tests only (an extended trust manager also skips the host name check). */
    static SSLContext trustAll() throws java.security.GeneralSecurityException {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String type) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String type) {
            }

            public void checkClientTrusted(X509Certificate[] chain, String type, Socket socket) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String type, Socket socket) {
            }

            public void checkClientTrusted(X509Certificate[] chain, String type, SSLEngine engine) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String type, SSLEngine engine) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return trustAll;
    }

    /** A new client per test, so that no test inherits another's tokens or challenges. */
    @BeforeEach
    void newClient() {
        client = new RegistryClient(RegistryFixtures.pipelines(
                new RegistryConfig("tokens", "127.0.0.1:" + mock.port(), true, "env:CREDS"),
                new RegistryConfig("anonymous-tokens", "127.0.0.1:" + mock.port(), true, null),
                new RegistryConfig("tls", "127.0.0.1:" + mock.httpsPort(), false, "env:CREDS"),
                RegistryFixtures.named("open", open, null)),
                RegistryFixtures.fast(Map.of("CREDS", CREDENTIALS, "DOCKER_CONFIG", "/nonexistent"), RegistrySettings.ExchangeObserver.NONE)
                        .withSslContext(trustAllContext));
    }

    @AfterAll
    static void stop() {
        mock.stop();
        open.close();
    }

    @BeforeEach
    void reset() {
        mock.resetAll();
    }


    private void challengeEverything(String realm) {
        mock.stubFor(any(urlPathMatching("/v2/.*")).atPriority(9).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"mock\",scope=\"repository:shop:pull\"")));
    }

    private void manifestFor(String authorization) {
        mock.stubFor(any(urlEqualTo("/v2/shop/manifests/dev")).withHeader("Authorization", equalTo(authorization)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", digest.toString())
                        .withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withBody(manifest)));
    }

    @Test
    @DisplayName("fetches a bearer token with the credentials once and reuses it for the same scope")
    void bearerTokenCached() {
        challengeEverything("http://127.0.0.1:" + mock.port() + "/token");
        manifestFor("Bearer tok-1");
        mock.stubFor(get(urlPathEqualTo("/token")).withQueryParam("scope", equalTo("repository:shop:pull")).withQueryParam("service", equalTo("mock"))
                .willReturn(aResponse().withStatus(200).withBody("{\"token\":\"tok-1\",\"expires_in\":300}")));

        assertThat(client.resolve(ImageRef.parse("tokens/shop:dev"))).isEqualTo(digest);
        assertThat(client.resolve(ImageRef.parse("tokens/shop:dev"))).isEqualTo(digest);

        mock.verify(1, getRequestedFor(urlPathEqualTo("/token")).withHeader("Authorization", equalTo(BASIC)));
        assertThat(mock.getAllServeEvents()).hasSize(4);
    }

    @Test
    @DisplayName("accepts access_token as well as token, and asks anonymously when no credentials are configured")
    void accessToken() {
        challengeEverything("http://127.0.0.1:" + mock.port() + "/token");
        manifestFor("Bearer acc-2");
        mock.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"acc-2\"}")));

        assertThat(client.resolve(ImageRef.parse("anonymous-tokens/shop:dev"))).isEqualTo(digest);

        mock.verify(1, getRequestedFor(urlPathEqualTo("/token")).withoutHeader("Authorization"));
    }

    @Test
    @DisplayName("refreshes a token the registry stopped accepting, once")
    void refreshesRevokedToken() {
        challengeEverything("http://127.0.0.1:" + mock.port() + "/token");
        mock.stubFor(any(urlEqualTo("/v2/shop/manifests/dev")).withHeader("Authorization", equalTo("Bearer old")).atPriority(1)
                .inScenario("rotation").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("revoked")
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", digest.toString())));
        mock.stubFor(any(urlEqualTo("/v2/shop/manifests/dev")).withHeader("Authorization", equalTo("Bearer new")).atPriority(1)
                .inScenario("rotation").whenScenarioStateIs("revoked")
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", digest.toString())));
        mock.stubFor(get(urlPathEqualTo("/token")).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(aResponse().withStatus(200).withBody("{\"token\":\"old\",\"expires_in\":3600}")));
        mock.stubFor(get(urlPathEqualTo("/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(200).withBody("{\"token\":\"new\",\"expires_in\":3600}")));

        client.resolve(ImageRef.parse("tokens/shop:dev"));
        assertThat(client.resolve(ImageRef.parse("tokens/shop:dev"))).isEqualTo(digest);

        mock.verify(2, getRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    @DisplayName("a token service that refuses the credentials gives a clear, non-retryable failure")
    void tokenRefused() {
        challengeEverything("http://127.0.0.1:" + mock.port() + "/token");
        mock.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(401)));

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> client.resolve(ImageRef.parse("tokens/shop:dev")));

        assertThat(failure.getMessage()).isEqualTo("registry tokens (127.0.0.1:" + mock.port() + "), repository shop: the token service refused the credentials (401)");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("never sends credentials to a plain-HTTP token service of a registry not marked insecure")
    void noCredentialsOverPlainHttp() {
        challengeEverything("http://127.0.0.1:" + mock.port() + "/token");

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> client.resolve(ImageRef.parse("tls/shop:dev")));

        assertThat(failure.getMessage()).isEqualTo("registry tls (127.0.0.1:" + mock.httpsPort() + "): refusing to send credentials over plain HTTP to http://127.0.0.1:"
                + mock.port() + "; mark the registry insecure: true to allow it");
        mock.verify(0, getRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    @DisplayName("follows blob redirects without the Authorization header")
    void redirectsWithoutAuthorization() {
        mock.stubFor(any(urlPathMatching("/v2/.*")).atPriority(9).willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"mock\"")));
        mock.stubFor(get(urlEqualTo("/v2/shop/manifests/" + digest)).withHeader("Authorization", equalTo(BASIC)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withBody(manifest)));
        for (byte[] blob : new byte[][] {CONFIG, LAYER}) {
            Digest blobDigest = Digest.sha256Of(blob);
            mock.stubFor(get(urlEqualTo("/v2/shop/blobs/" + blobDigest)).withHeader("Authorization", equalTo(BASIC)).atPriority(1)
                    .willReturn(aResponse().withStatus(307).withHeader("Location", "http://localhost:" + mock.port() + "/storage/" + blobDigest.hex() + "?signature=abc")));
            mock.stubFor(get(urlPathEqualTo("/storage/" + blobDigest.hex())).atPriority(1).willReturn(aResponse().withStatus(200).withBody(blob)));
        }

        String summary = client.copy(ImageRef.parse("tokens/shop@" + digest), ImageRef.parse("open/redirected:v1"), false, detail -> { });

        assertThat(summary).isEqualTo("copied 2 of 2 blobs (" + Progress.size(CONFIG.length + LAYER.length) + ")");
        assertThat(open.manifest("redirected", "v1").body()).isEqualTo(manifest);
        mock.verify(2, getRequestedFor(urlPathMatching("/storage/.*")).withoutHeader("Authorization"));
    }

    @Test
    @DisplayName("fails the step when the registry stores the manifest under another digest than the bytes sent")
    void digestMismatchAfterPut() {
        mock.stubFor(get(urlEqualTo("/v2/shop/manifests/" + digest)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withBody(manifest)));
        Digest rewritten = Digest.sha256Of("rewritten");
        mock.stubFor(put(urlEqualTo("/v2/shop/manifests/prod")).willReturn(aResponse().withStatus(201).withHeader("Docker-Content-Digest", rewritten.toString())));

        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> client.copy(ImageRef.parse("anonymous-tokens/shop@" + digest), ImageRef.parse("anonymous-tokens/shop:prod"), detail -> { }));

        assertThat(failure.getMessage()).isEqualTo("registry anonymous-tokens (127.0.0.1:" + mock.port() + "), repository shop: writing manifest "
                + digest.shortForm() + " as tag prod: the registry stored digest " + rewritten + " but the bytes sent have " + digest + "; it rewrote the manifest");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("refuses a manifest whose bytes do not have the digest asked for")
    void manifestDigestChecked() {
        mock.stubFor(get(urlEqualTo("/v2/shop/manifests/" + digest)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withBody(manifest.length > 0 ? new String(manifest, StandardCharsets.UTF_8) + " " : "")));

        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> client.copy(ImageRef.parse("anonymous-tokens/shop@" + digest), ImageRef.parse("anonymous-tokens/shop:prod"), detail -> { }));

        assertThat(failure.getMessage()).contains("manifest " + digest + " has digest ").contains("the registry or something between us changed it");
    }

    @Test
    @DisplayName("a manifest of a media type the destination does not take is refused with the registry's reason")
    void unknownMediaType() {
        byte[] odd = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.thing.v1+json\",\"layers\":[{\"mediaType\":\"application/octet-stream\",\"digest\":\""
                + Digest.sha256Of(LAYER) + "\",\"size\":" + LAYER.length + "}]}").getBytes(StandardCharsets.UTF_8);
        Digest oddDigest = Digest.sha256Of(odd);
        mock.stubFor(get(urlEqualTo("/v2/shop/manifests/" + oddDigest)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.example.thing.v1+json").withBody(odd)));
        mock.stubFor(get(urlEqualTo("/v2/shop/blobs/" + Digest.sha256Of(LAYER))).willReturn(aResponse().withStatus(200).withBody(LAYER)));

        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> client.copy(ImageRef.parse("anonymous-tokens/shop@" + oddDigest), ImageRef.parse("open/odd:v1"), detail -> { }));

        assertThat(failure.getMessage()).startsWith("registry open (" + open.host() + "), repository odd: writing manifest " + oddDigest.shortForm()
                + " as tag v1 (application/vnd.example.thing.v1+json): ");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("a copy within one registry uses one token, with pull on the source and push on the destination")
    void oneTokenWithinARegistry() {
        challengeEverything("http://127.0.0.1:" + mock.port() + "/token");
        mock.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200).withBody("{\"token\":\"one\",\"expires_in\":300}")));
        mock.stubFor(get(urlEqualTo("/v2/shop/manifests/" + digest)).withHeader("Authorization", equalTo("Bearer one")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withBody(manifest)));
        mock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/v2/cart/blobs/uploads/"))
                .withHeader("Authorization", equalTo("Bearer one")).atPriority(1).willReturn(aResponse().withStatus(201)));
        for (String tag : new String[] {"test", "prod"}) {
            for (String repository : new String[] {"cart", "shop"}) {
                mock.stubFor(put(urlEqualTo("/v2/" + repository + "/manifests/" + tag)).withHeader("Authorization", equalTo("Bearer one")).atPriority(1)
                        .willReturn(aResponse().withStatus(201).withHeader("Docker-Content-Digest", digest.toString())));
            }
        }

        // without attachments: their lookups would ask for tokens of their own
        assertThat(client.copy(ImageRef.parse("tokens/shop@" + digest), ImageRef.parse("tokens/cart:test"), false, detail -> { }))
                .isEqualTo("mounted 2 blobs from shop");
        mock.verify(1, getRequestedFor(urlPathEqualTo("/token")).withQueryParam("scope", equalTo("repository:cart:pull,push"))
                .withQueryParam("scope", equalTo("repository:shop:pull")));
        mock.verify(2, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/v2/cart/blobs/uploads/"))
                .withQueryParam("from", equalTo("shop")));

        mock.resetRequests();
        assertThat(client.copy(ImageRef.parse("tokens/shop@" + digest), ImageRef.parse("tokens/shop:prod"), detail -> { }))
                .isEqualTo("retagged in place (0 bytes moved)");
        mock.verify(1, getRequestedFor(urlPathEqualTo("/token")).withQueryParam("scope", equalTo("repository:shop:pull,push")));
        assertThat(mock.getAllServeEvents()).as("token, GET, PUT").hasSize(3);
    }
}
