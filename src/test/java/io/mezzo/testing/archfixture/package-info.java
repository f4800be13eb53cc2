/**
 * Deliberate architecture violations, laid out like {@code io.mezzo}, so {@code ArchitectureTest}
 * can prove that each rule fails when it should (a rule with a mistyped package would otherwise
 * pass silently, since rules allow empty packages). Never used by anything else.
 */
package io.mezzo.testing.archfixture;
