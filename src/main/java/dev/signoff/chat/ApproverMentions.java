package dev.signoff.chat;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Group;
import dev.signoff.promotion.Person;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Vote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a waiting card calls on a platform: the people its stage's approvers name, and for each
 * named group either the group itself (when it has a user group or role there) or its listed
 * members. Whoever has already voted is left out, and so is the requester when their own vote
 * would not count.
 */
final class ApproverMentions {
    private static final String GROUP = "group:";

    private ApproverMentions() {
    }

    static List<Mention> of(PromotionRequest p, ApprovalPolicy policy, PipelineConfig config, String platform) {
        Set<String> left = new LinkedHashSet<>(p.votes().stream().map(Vote::person).toList());
        if (!policy.selfApproval()) {
            left.add(p.requestedBy());
        }
        Set<String> people = new LinkedHashSet<>();
        List<Mention> groups = new ArrayList<>();
        for (String entry : policy.approvers()) {
            if (!entry.startsWith(GROUP)) {
                people.add(entry);
                continue;
            }
            Group group = config.groups().get(entry.substring(GROUP.length()));
            if (group == null) {
                continue;
            }
            Optional<String> whole = group.mentionOn(platform);
            if (whole.isPresent()) {
                groups.add(new Mention(group.name(), true, whole.get()));
            } else {
                people.addAll(group.members());
            }
        }
        people.removeAll(left);
        List<Mention> mentions = new ArrayList<>(people.stream().map(name -> new Mention(name, false,
                Optional.ofNullable(config.people().get(name)).map(Person::identities).map(ids -> ids.get(platform)).orElse(null))).toList());
        mentions.addAll(groups);
        return List.copyOf(mentions);
    }
}
