package dev.signoff.ci;

/** A verified notification whose body cannot be understood; answered 400 with this reason. */
class MalformedHook extends RuntimeException {
    MalformedHook(String reason) {
        super(reason, null, false, false);
    }
}
