package dev.signoff.pipelines;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.FreezeWindow;

import java.util.ArrayList;
import java.util.List;

/**
 * A stage's {@code freeze:}: a list of windows, or a mapping of {@code windows} and the
 * {@code breakGlass} approval that lets an urgent promotion through them. A break-glass approval
 * needs people (never {@code none}) and never counts the requester's own vote.
 */
final class FreezeReader {
    static final String EXAMPLE = "{ windows: [\"Fri 16:00-Mon 08:00 Europe/Berlin\"], breakGlass: { required: 2, approvers: [group:sre] } }";

    /** The windows, and the break-glass policy (null: none). */
    record Freeze(List<FreezeWindow> windows, ApprovalPolicy breakGlass) {
        static final Freeze NONE = new Freeze(List.of(), null);
    }

    private final ApprovalReader approvals;

    FreezeReader(ApprovalReader approvals) {
        this.approvals = approvals;
    }

    Freeze read(YamlNode node) {
        if (!node.isMapping()) {
            return new Freeze(windows(node), null);
        }
        YamlNode.Fields fields = node.fields("a freeze, like " + EXAMPLE, "windows", "breakGlass");
        List<FreezeWindow> windows = fields.require("windows", "windows: [\"Fri 16:00-Mon 08:00 Europe/Berlin\"]", FreezeReader::atLeastOneWindow);
        ApprovalPolicy breakGlass = fields.get("breakGlass", this::breakGlass, null);
        return new Freeze(windows == null ? List.of() : windows, breakGlass);
    }

    private ApprovalPolicy breakGlass(YamlNode node) {
        if (node.isScalar()) {
            node.problem("a break-glass approval needs people; write it like { required: 2, approvers: [group:sre] }");
            return null;
        }
        if (node.has("selfApproval")) {
            for (var entry : node.entries("a break-glass approval").entrySet()) {
                if (entry.getKey().equals("selfApproval")) {
                    entry.getValue().problem("a break-glass approval never counts the requester's own vote; remove selfApproval");
                }
            }
            return null;
        }
        ApprovalPolicy policy = approvals.read(node);
        return policy == null ? null : new ApprovalPolicy(policy.required(), policy.approvers(), false, policy.expiresAfter(), policy.confirm());
    }

    private static List<FreezeWindow> atLeastOneWindow(YamlNode node) {
        int before = node.problemCount();
        node.atLeastOne("freeze window, like \"Fri 16:00-Mon 08:00 Europe/Berlin\"");
        return node.problemCount() == before ? windows(node) : null;
    }

    private static List<FreezeWindow> windows(YamlNode node) {
        List<FreezeWindow> windows = new ArrayList<>();
        for (YamlNode item : node.items()) {
            FreezeWindow window = item.parsed(FreezeWindow::parse);
            if (window != null) {
                windows.add(window);
            }
        }
        return windows;
    }
}
