package dev.signoff.console;

import dev.signoff.chat.Answer;
import dev.signoff.chat.ButtonAction;
import dev.signoff.chat.Card;
import dev.signoff.chat.ChatService;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's pages (the channel view and the pipeline board) and JSON API. Commands and clicks run as the configured person whose
 * {@code console} identity is {@code user}. Bad input is a 400 with the reason.
 */
@RestController
class ConsoleController {
    private final ChatService chat;
    private final ConsoleChannels channels;
    private final BoardStream board;

    ConsoleController(ChatService chat, ConsoleChannels channels, BoardStream board) {
        this.chat = chat;
        this.channels = channels;
        this.board = board;
    }

    @GetMapping(value = "/console", produces = MediaType.TEXT_HTML_VALUE)
    String page() throws IOException {
        return new ClassPathResource("console/index.html").getContentAsString(StandardCharsets.UTF_8);
    }

    /** The pipeline board: the page, its JSON and its live events (see {@link BoardStream}). */
    @GetMapping(value = "/console/board", produces = MediaType.TEXT_HTML_VALUE)
    String boardPage() throws IOException {
        return new ClassPathResource("console/board.html").getContentAsString(StandardCharsets.UTF_8);
    }

    /** The script both pages share (elements, a card's buttons and their questions). */
    @GetMapping(value = "/console/buttons.js", produces = "text/javascript")
    String buttonsScript() throws IOException {
        return new ClassPathResource("console/buttons.js").getContentAsString(StandardCharsets.UTF_8);
    }

    @GetMapping("/console/api/board")
    Map<String, Object> board() {
        return board.boardJson();
    }

    @GetMapping(value = "/console/api/board/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter boardEvents() {
        return board.subscribe();
    }

    record MessageRequest(String user, String channel, String text) {
    }

    record ActionRequest(String user, String messageId, String actionId, String reason) {
    }

    @PostMapping("/console/api/messages")
    ResponseEntity<?> send(@RequestBody MessageRequest request) {
        String problem = request == null ? "a JSON body {\"user\",\"channel\",\"text\"} is required"
                : blank(request.user()) ? "'user' is required: the console id of a person in pipelines.yaml"
                : blank(request.channel()) ? "'channel' is required; channels: " + String.join(", ", knownChannels())
                : blank(request.text()) ? "'text' is required, e.g. /signoff help"
                : !knownChannels().contains(request.channel()) ? "there is no console channel '" + request.channel()
                        + "'; channels: " + String.join(", ", knownChannels())
                : null;
        if (problem != null) {
            return badRequest(problem);
        }
        ConsoleMessage said = channels.add(request.channel(), request.user(), request.text(), false, null, null, null);
        ConsoleMessage answer = answer(request.channel(), request.user(), chat.command("console", request.user(), request.text()));
        return ResponseEntity.ok(Map.of("messages", ConsoleJson.messages(List.of(said, answer))));
    }

    @PostMapping("/console/api/actions")
    ResponseEntity<?> click(@RequestBody ActionRequest request) {
        if (request == null || blank(request.user()) || blank(request.messageId()) || blank(request.actionId())) {
            return badRequest("'user', 'messageId' and 'actionId' are required");
        }
        Optional<ConsoleMessage> message = channels.find(request.messageId());
        if (message.isEmpty() || message.get().card() == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "there is no card with message id '" + request.messageId() + "'"));
        }
        ConsoleMessage reply = answer(message.get().channel(), request.user(), press(message.get().card(), request));
        return ResponseEntity.ok(Map.of("messages", ConsoleJson.messages(List.of(reply))));
    }

    /** The click on the card's button for the request's action id; the button's token says what it does. */
    private Answer press(Card card, ActionRequest request) {
        Optional<ButtonAction> action = ButtonAction.fromId(request.actionId());
        if (action.isEmpty()) {
            return Answer.privately(ButtonAction.NOT_KNOWN);
        }
        return card.buttons().stream().filter(b -> b.action() == action.get()).findFirst()
                .map(b -> chat.click("console", request.user(), b.token(), request.reason()))
                .orElseGet(() -> Answer.privately("This card has no '" + request.actionId() + "' button any more: " + card.status() + "."));
    }

    @GetMapping("/console/api/messages")
    ResponseEntity<?> messages(@RequestParam(required = false) String channel, @RequestParam(required = false) String user) {
        if (blank(channel)) {
            return badRequest("'channel' is required; channels: " + String.join(", ", knownChannels()));
        }
        return ResponseEntity.ok(ConsoleJson.messages(channels.messages(channel, user)));
    }

    /**
     * The people who can use the console and the channels there are, for the page's pickers, and
     * the action ids of the buttons whose click the page sends only with a reason.
     */
    @GetMapping("/console/api/setup")
    Map<String, Object> setup() {
        List<Map<String, String>> people = chat.people("console").entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "user", e.getValue())).toList();
        List<String> needReason = Arrays.stream(ButtonAction.values()).filter(ButtonAction::needsReason).map(ButtonAction::id).toList();
        return Map.of("people", people, "channels", knownChannels(), "needReason", needReason);
    }

    private ConsoleMessage answer(String channel, String user, Answer answer) {
        return answer.isPrivate()
                ? channels.add(channel, ConsoleChannels.BOT, answer.text(), true, user, null, null)
                : channels.add(channel, ConsoleChannels.BOT, answer.text(), false, null, null, null);
    }

    private List<String> knownChannels() {
        return chat.channels("console");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ResponseEntity<Map<String, String>> badRequest(String reason) {
        return ResponseEntity.badRequest().body(Map.of("error", reason));
    }
}
