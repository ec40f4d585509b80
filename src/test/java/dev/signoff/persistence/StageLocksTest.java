package dev.signoff.persistence;

import dev.signoff.promotion.StageLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.signoff.persistence.TestPromotions.at;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Stage locks")
class StageLocksTest extends DatabaseTest {
    private JdbcStageLocks locks;

    @BeforeEach
    void repository() {
        locks = new JdbcStageLocks(db.jdbc());
    }

    @Test
    @DisplayName("lock a stage and find the lock with its holder, reason and time")
    void lockAndFind() {
        StageLock lock = new StageLock("shop", "prod", "alice", "incident 42", at(0));

        assertThat(locks.lock(lock)).isEqualTo(lock);
        assertThat(locks.find("shop", "prod")).contains(lock);
        assertThat(locks.find("shop", "test")).isEmpty();
        assertThat(locks.find("cart", "prod")).isEmpty();
    }

    @Test
    @DisplayName("keep the first lock when a stage is locked twice, and answer with it")
    void lockTwiceKeepsTheFirst() {
        StageLock first = new StageLock("shop", "prod", "alice", "incident 42", at(0));
        locks.lock(first);

        StageLock inForce = locks.lock(new StageLock("shop", "prod", "bob", "release freeze", at(10)));

        assertThat(inForce).isEqualTo(first);
        assertThat(locks.find("shop", "prod")).contains(first);
    }

    @Test
    @DisplayName("unlock says whether there was a lock, and frees the stage for the next one")
    void unlock() {
        locks.lock(new StageLock("shop", "prod", "alice", null, at(0)));

        assertThat(locks.unlock("shop", "prod")).isTrue();
        assertThat(locks.unlock("shop", "prod")).isFalse();
        assertThat(locks.find("shop", "prod")).isEmpty();
        StageLock next = new StageLock("shop", "prod", "bob", null, at(10));
        assertThat(locks.lock(next)).isEqualTo(next);
    }
}
