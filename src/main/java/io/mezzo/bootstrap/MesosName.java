package io.mezzo.bootstrap;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies an isolator or containerizer bean by its Mesos name ({@code cgroups/mem}, {@code
 * docker}), the name {@code mezzo.agent.isolation} and {@code mezzo.agent.containerizers} select it
 * by.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
public @interface MesosName {
  String value();

  /** For {@code Instance.select}. */
  final class Literal extends AnnotationLiteral<MesosName> implements MesosName {
    private static final long serialVersionUID = 1L;
    private final String value;

    private Literal(String value) {
      this.value = value;
    }

    public static Literal of(String value) {
      return new Literal(value);
    }

    @Override
    public String value() {
      return value;
    }
  }
}
