package dev.signoff.pipelines;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Group;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A stage's {@code approval:}: {@code none}, or how many of which people must approve. */
final class ApprovalReader {
    private static final String GROUP = "group:";
    private static final String EXAMPLE = "{ required: 1, approvers: [group:qa] }";

    private final Known known;

    ApprovalReader(Known known) {
        this.known = known;
    }

    ApprovalPolicy read(YamlNode node) {
        if (node.isEmpty()) {
            node.problem("needs a value: none, or " + EXAMPLE);
            return null;
        }
        if (node.isScalar()) {
            String text = node.text();
            if (text != null && !text.equals("none")) {
                node.problem("'" + text + "' is not an approval; write none, or " + EXAMPLE);
            }
            return "none".equals(text) ? ApprovalPolicy.none() : null;
        }
        YamlNode.Fields fields = node.fields("an approval, like " + EXAMPLE, "required", "approvers", "selfApproval", "expiresAfter",
                "confirm");
        YamlNode requiredNode = fields.required("required", "required: 1");
        Integer required = requiredNode == null ? null : required(requiredNode);
        int before = node.problemCount();
        List<String> approvers = fields.require("approvers", "approvers: [group:qa]", this::approvers);
        if (required != null && approvers != null && node.problemCount() == before) {
            checkEnoughApprovers(requiredNode, required, approvers);
        }
        Boolean selfApproval = fields.get("selfApproval", YamlNode::bool, true);
        Duration expiresAfter = fields.get("expiresAfter", YamlNode::duration, null);
        int count = required == null ? 0 : required;
        Boolean confirm = fields.get("confirm", YamlNode::bool, ApprovalPolicy.confirmsByDefault(count));
        return new ApprovalPolicy(count, approvers == null ? List.of() : approvers,
                !Boolean.FALSE.equals(selfApproval), expiresAfter, confirm == null ? ApprovalPolicy.confirmsByDefault(count) : confirm);
    }

    private static Integer required(YamlNode node) {
        Integer required = node.integer(0, Integer.MAX_VALUE);
        if (Integer.valueOf(0).equals(required)) {
            node.problem("needs at least 1 approval; write approval: none when no one needs to approve");
            return null;
        }
        return required;
    }

    private List<String> approvers(YamlNode node) {
        List<String> approvers = new ArrayList<>();
        for (YamlNode item : node.atLeastOne("approver, like [group:qa] or [alice, bob]")) {
            String entry = item.text();
            if (entry == null) {
                continue;
            }
            if (entry.startsWith(GROUP) && !known.groups().containsKey(entry.substring(GROUP.length()))) {
                item.problem("'" + entry + "' names a group that is not defined; " + Known.choices("groups", known.groups().keySet()));
            } else if (!entry.startsWith(GROUP) && !known.people().containsKey(entry)) {
                item.problem("'" + entry + "' names a person who is not defined; " + Known.choices("people", known.people().keySet())
                        + " (write group:<name> for a group)");
            } else {
                approvers.add(entry);
            }
        }
        return approvers;
    }

    /**
     * Refuses more required approvals than people can give. Not checked when a named group is
     * linked to a Slack user group: who is in that is only known when someone votes.
     */
    private void checkEnoughApprovers(YamlNode requiredNode, int required, List<String> approvers) {
        Set<String> eligible = new LinkedHashSet<>();
        for (String entry : approvers) {
            if (entry.startsWith(GROUP)) {
                Group group = known.groups().get(entry.substring(GROUP.length()));
                if (group.isLinked()) {
                    return;
                }
                eligible.addAll(group.members());
            } else {
                eligible.add(entry);
            }
        }
        if (required <= eligible.size()) {
            return;
        }
        String needs = "needs " + required + (required == 1 ? " approval" : " approvals");
        requiredNode.problem(eligible.isEmpty()
                ? needs + " but no one can approve: the groups it names have no members"
                : needs + " but only " + eligible.size() + (eligible.size() == 1 ? " person can" : " people can")
                        + " approve: " + String.join(", ", eligible));
    }
}
