package dev.signoff.promotion;

import dev.signoff.promotion.spi.GroupDirectory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may vote on a stage's promotions (and continue, abort or cancel them besides the requester):
 * the people its approvers name, the listed members of the groups they name, and, for a group
 * linked to a chat platform's group, each person whose identity on that platform is in it, as the
 * {@link GroupDirectory} says. Listed people are checked first, so they never wait on a directory
 * nor fail with one. A directory may block on a platform's API: ask before taking a promotion's
 * lock, not under it.
 */
@Component
class Approvers {
    private static final String GROUP = "group:";

    private final PipelineConfig config;
    private final GroupDirectory directory;

    Approvers(PipelineConfig config, GroupDirectory directory) {
        this.config = config;
        this.directory = directory;
    }

    /** Whether {@code person} may act on {@code p} as its requester (cancel, continue, abort) or else as an approver. */
    Eligibility ofRequesterOrApprover(PromotionRequest p, ApprovalPolicy policy, String person) {
        return person.equals(p.requestedBy()) ? Eligibility.APPROVER : of(policy, person);
    }

    Eligibility of(ApprovalPolicy policy, String person) {
        List<Group> groups = policy.approvers().stream().filter(entry -> entry.startsWith(GROUP))
                .map(entry -> config.groups().get(entry.substring(GROUP.length()))).filter(Objects::nonNull).toList();
        if (policy.approvers().contains(person) || groups.stream().anyMatch(g -> g.members().contains(person))) {
            return Eligibility.APPROVER;
        }
        Map<String, String> identities = Optional.ofNullable(config.people().get(person)).map(Person::identities).orElse(Map.of());
        String unreadable = null;
        for (Group group : groups) {
            for (Map.Entry<String, String> link : group.linked().entrySet()) {
                String userId = identities.get(link.getKey());
                if (userId == null) {
                    continue;
                }
                try {
                    if (directory.members(link.getKey(), link.getValue()).filter(ids -> ids.contains(userId)).isPresent()) {
                        return Eligibility.APPROVER;
                    }
                } catch (GroupDirectory.Unreadable e) {
                    if (unreadable == null) {
                        unreadable = "I could not read " + e.group() + " (" + e.reason() + "); try again in a minute.";
                    }
                }
            }
        }
        return unreadable == null ? Eligibility.NOT_APPROVER : Eligibility.unknown(unreadable);
    }
}
