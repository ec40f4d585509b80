package dev.signoff.slack;

import com.slack.api.methods.MethodsClient;
import dev.signoff.chat.ChatGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who is in a Slack user group, for approver groups linked to one: Web API
 * {@code usergroups.users.list} (bot scope {@code usergroups:read}), through the gateway's call
 * helper, so a 429 is waited out the same way.
 *
 * <p>Each group's member list is read on first need and used for {@code refresh}; after that the
 * next need reads it again. The method is Tier 2 (about 20 calls a minute per workspace): with the
 * default refresh of 5 minutes, a linked group costs at most one call per 5 minutes of voting, and
 * a change made in Slack counts within 5 minutes. When that read fails the last list read is used, and the failure is
 * logged once until a read works again. When no read of the group has ever worked, the failure
 * goes to the person voting as {@link ChatGroups.Unreadable}, and the next need tries again.
 *
 * <p>Thread-safe: clicks are handled on several worker threads. One read per group at a time;
 * while it runs, other threads use the last list when there is one, and wait for the read when
 * there is none.
 */
final class SlackUserGroups implements ChatGroups {
    private static final Logger log = LoggerFactory.getLogger(SlackUserGroups.class);
    static final String METHOD = "usergroups.users.list";

    private final MethodsClient client;
    private final Duration refresh;
    private final Clock clock;
    private final Map<String, Cached> groups = new ConcurrentHashMap<>();

    SlackUserGroups(MethodsClient client, Duration refresh, Clock clock) {
        this.client = client;
        this.refresh = refresh;
        this.clock = clock;
    }

    @Override
    public String platform() {
        return SlackHandlers.PLATFORM;
    }

    @Override
    public String describe(String groupId) {
        return "the Slack user group " + groupId;
    }

    @Override
    public Set<String> members(String groupId) {
        Cached cached = groups.computeIfAbsent(groupId, id -> new Cached());
        Read last = cached.last;
        if (last != null && isFresh(last)) {
            return last.members();
        }
        if (last == null) {
            cached.reading.lock();
        } else if (!cached.reading.tryLock()) {
            return last.members();
        }
        try {
            last = cached.last;
            return last != null && isFresh(last) ? last.members() : read(groupId, cached, last);
        } finally {
            cached.reading.unlock();
        }
    }

    /** Called holding {@code cached.reading}. */
    private Set<String> read(String groupId, Cached cached, Read last) {
        try {
            List<String> users = SlackGateway.call(METHOD, () -> client.usergroupsUsersList(r -> r.usergroup(groupId))).getUsers();
            Read read = new Read(users == null ? Set.of() : Set.copyOf(users), clock.instant());
            cached.last = read;
            if (cached.failing) {
                cached.failing = false;
                log.info("Slack user group {} can be read again ({} members)", groupId, read.members().size());
            }
            return read.members();
        } catch (RuntimeException e) {
            if (!cached.failing) {
                cached.failing = true;
                if (last != null) {
                    log.warn("could not refresh Slack user group {}; using its members as read at {} until a read works: {}",
                            groupId, last.at(), e.getMessage());
                } else {
                    log.warn("could not read Slack user group {}; its Slack members cannot approve until a read works: {}",
                            groupId, e.getMessage());
                }
            }
            if (last != null) {
                return last.members();
            }
            throw new Unreadable(e.getMessage());
        }
    }

    private boolean isFresh(Read read) {
        return clock.instant().isBefore(read.at().plus(refresh));
    }

    private record Read(Set<String> members, Instant at) {
    }

    /** One group: the last successful read, and the lock that lets one thread read it at a time. */
    private static final class Cached {
        final ReentrantLock reading = new ReentrantLock();
        volatile Read last;
        /** Whether the last read failed; guarded by {@link #reading}. */
        boolean failing;
    }
}
