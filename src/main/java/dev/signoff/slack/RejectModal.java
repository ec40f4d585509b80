package dev.signoff.slack;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewState;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The form Reject opens: one required reason. The clicked button's token and the card's channel
 * travel in the view's {@code private_metadata} (Slack hands it back, signed, on submit), so
 * nothing waits in memory between the click and the submission.
 */
final class RejectModal {
    static final String CALLBACK_ID = "signoff-reject";
    static final String REASON = "reason";
    static final int REASON_MAX = 500;
    private static final Gson GSON = new Gson();

    /** What the submission needs: the reject button's token, and where to answer. */
    record Origin(String token, String channel) {
    }

    private RejectModal() {
    }

    static View view(Origin origin, String cardText) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (cardText != null && !cardText.isBlank()) {
            blocks.add(SectionBlock.builder().text(MarkdownTextObject.builder()
                    .text(SlackText.cut(cardText, SlackText.SECTION)).build()).build());
        }
        blocks.add(InputBlock.builder().blockId(REASON)
                .label(PlainTextObject.builder().text("Why are you rejecting it?").build())
                .hint(PlainTextObject.builder().text("The reason is shown on the card and in the audit log.").build())
                .element(PlainTextInputElement.builder().actionId(REASON).multiline(true).maxLength(REASON_MAX).build())
                .build());
        return View.builder().type("modal").callbackId(CALLBACK_ID)
                .privateMetadata(GSON.toJson(origin))
                .title(ViewTitle.builder().type("plain_text").text("Reject promotion").build())
                .submit(ViewSubmit.builder().type("plain_text").text("Reject").build())
                .close(ViewClose.builder().type("plain_text").text("Cancel").build())
                .blocks(blocks)
                .build();
    }

    static Optional<Origin> origin(View submitted) {
        try {
            Origin o = GSON.fromJson(submitted.getPrivateMetadata(), Origin.class);
            return o == null || o.token() == null || o.channel() == null ? Optional.empty() : Optional.of(o);
        } catch (JsonParseException e) {
            return Optional.empty();
        }
    }

    static String reason(View submitted) {
        Map<String, Map<String, ViewState.Value>> values = submitted.getState() == null ? null : submitted.getState().getValues();
        ViewState.Value value = values == null || values.get(REASON) == null ? null : values.get(REASON).get(REASON);
        return value == null || value.getValue() == null ? "" : value.getValue().strip();
    }
}
