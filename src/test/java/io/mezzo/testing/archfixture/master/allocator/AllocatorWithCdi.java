package io.mezzo.testing.archfixture.master.allocator;

import jakarta.enterprise.context.ApplicationScoped;

/** Violates: the allocator is pure (no CDI, Quarkus, Vert.x). */
@ApplicationScoped
public class AllocatorWithCdi {}
