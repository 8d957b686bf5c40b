package io.gwsload.gatling;

import io.gwsload.gatling.action.Expr;

import io.gwsload.gatling.action.LoginAction;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.gatling.javaapi.core.ActionBuilder;
import io.gwsload.api.Media;

/**
 * The login step, {@code gws("Login").login()}: an agent from the run's pool by default;
 * {@link #supervisor()} for a supervisor, {@link #as} for a named user of the credentials file,
 * {@link #credentials} for a user given outright (e.g. by a feeder), {@link #channels} to override the
 * protocol's media channels.
 */
public final class LoginActionBuilder implements ActionBuilder {


    private final LoginAction.Definition def;

    LoginActionBuilder(String requestName) {
        this(new LoginAction.Definition(requestName, "agent", null, null, null));
    }

    private LoginActionBuilder(LoginAction.Definition def) {
        this.def = def;
    }

    /** Logs in a supervisor from the pool instead of an agent. */
    public LoginActionBuilder supervisor() {
        return new LoginActionBuilder(new LoginAction.Definition(def.requestName(), "supervisor", def.username(), def.password(),
                def.channels()));
    }

    /** Logs in this user of the credentials file (EL allowed, e.g. {@code #{agent}}); it must be free. */
    public LoginActionBuilder as(String username) {
        return new LoginActionBuilder(new LoginAction.Definition(def.requestName(), def.role(),
                Expr.string(Objects.requireNonNull(username, "username")), null, def.channels()));
    }

    /** Logs in with these credentials (EL allowed, e.g. from a feeder), bypassing the pool. */
    public LoginActionBuilder credentials(String username, String password) {
        return new LoginActionBuilder(new LoginAction.Definition(def.requestName(), def.role(),
                Expr.string(Objects.requireNonNull(username, "username")),
                Expr.string(Objects.requireNonNull(password, "password")), def.channels()));
    }

    /** The media channels {@code StartContactCenterSession} logs in to. */
    public LoginActionBuilder channels(Media... channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException(def.requestName() + ": at least one media channel");
        }
        return new LoginActionBuilder(new LoginAction.Definition(def.requestName(), def.role(), def.username(), def.password(),
                List.copyOf(Arrays.asList(channels))));
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        LoginAction.Definition d = def;
        return (ctx, next) -> new LoginAction(d, ctx, next);
    }
}
