package dev.signoff.safety;

import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.DisplayName;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:fifty;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import(TestAdapters.class)
@DisplayName("Safe twice, on H2")
class ConcurrentApprovalsOnH2Test extends ConcurrentApprovals {
}
