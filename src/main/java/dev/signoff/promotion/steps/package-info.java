/**
 * The step model: a promotion runs its stage's plan, a list of step kinds found by name
 * ({@link dev.signoff.promotion.steps.StepKind}); each kind is one class that runs, may be run
 * again after a crash, and says how to undo itself. Other modules add kinds by implementing the
 * port as a Spring bean; a stage whose plan names a kind nobody registered stops start-up.
 */
@org.springframework.modulith.NamedInterface("steps")
package dev.signoff.promotion.steps;
