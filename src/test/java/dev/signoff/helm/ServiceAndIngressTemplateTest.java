package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The rendered Service and Ingress")
class ServiceAndIngressTemplateTest {

    @Test
    @DisplayName("the Service sends port 80 to the pods' http port, selecting exactly the Deployment's pods")
    void service() {
        Rendered rendered = SignoffChart.renderDefaults();

        Service service = rendered.one(Service.class);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getSpec().getSelector())
                .isEqualTo(rendered.deployment().getSpec().getSelector().getMatchLabels());
    }

    @Test
    @DisplayName("no Ingress unless enabled")
    void noIngress() {
        assertThat(SignoffChart.renderDefaults().all(Ingress.class)).isEmpty();
    }

    @Test
    @DisplayName("the Ingress routes only the chat, hook and API paths, with its class and TLS")
    void ingress() {
        Rendered rendered = SignoffChart.renderProduction();

        Ingress ingress = rendered.one(Ingress.class);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("signoff-tls");
            assertThat(tls.getHosts()).containsExactly("signoff.example.com");
        });
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("signoff.example.com");
            assertThat(rule.getHttp().getPaths()).extracting(HTTPIngressPath::getPath)
                    .containsExactly("/slack", "/discord", "/hooks", "/api")
                    .doesNotContain("/", "/console", "/actuator");
            assertThat(rule.getHttp().getPaths()).allSatisfy(path -> {
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo(rendered.one(Service.class).getMetadata().getName());
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
    }
}
