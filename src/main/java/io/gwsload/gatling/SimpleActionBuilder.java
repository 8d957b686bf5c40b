package io.gwsload.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;

/** A step with nothing to configure (logout, waitForNotifications, injectContact). */
final class SimpleActionBuilder implements ActionBuilder {
    @FunctionalInterface
    interface Factory {
        Action build(ScenarioContext ctx, Action next);
    }

    private final Factory factory;

    SimpleActionBuilder(Factory factory) {
        this.factory = factory;
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        return factory::build;
    }
}
