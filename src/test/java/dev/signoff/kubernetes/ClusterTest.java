package dev.signoff.kubernetes;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mock API server per test class, and per test a fresh namespace with its own fake controller
 * and deployer; subclasses add the workloads they need in their own {@code @BeforeEach}.
 */
abstract class ClusterTest {
    static MockCluster cluster;
    final List<String> progress = new CopyOnWriteArrayList<>();
    String namespace;
    FakeController controller;
    KubernetesDeployer deployer;

    @BeforeAll
    static void startServer() {
        cluster = new MockCluster();
    }

    @AfterAll
    static void stopServer() {
        cluster.close();
    }

    @BeforeEach
    void newNamespace() {
        namespace = MockCluster.namespace();
        controller = cluster.controller(namespace);
        deployer = cluster.deployer();
    }

    @AfterEach
    void closeDeployer() {
        deployer.close();
        controller.close();
    }
}
