package io.gwsload.api;

/** The {@code statusCode} values of GWS responses (docs/gws-api.md §8). */
public enum StatusCode {
    SUCCESS(0, "success"),
    PARAMETER_MISSING(1, "required parameter missing"),
    INVALID_FOR_STATE(2, "parameter not valid for the current state"),
    FORBIDDEN(3, "operation forbidden"),
    INTERNAL_ERROR(4, "internal error"),
    PERMISSION_DENIED(5, "user lacks permission"),
    NOT_FOUND(6, "resource not found"),
    PARTIAL_SUCCESS(7, "partial success"),
    PASSWORD_CHANGE_REQUIRED(8, "password change demanded"),
    INCOMPLETE(9, "processing incomplete"),
    VALIDATION_ERROR(10, "input validation error"),
    READ_ONLY(11, "attempt to change a read-only property"),
    CANNOT_RETRIEVE(12, "unable to retrieve resource"),
    CANNOT_CREATE(13, "unable to create resource"),
    CANNOT_DELETE(14, "unable to delete resource"),
    CANNOT_UPDATE(15, "unable to update resource"),
    CANNOT_ASSIGN(16, "unable to assign resource"),
    CANNOT_UNASSIGN(17, "unable to unassign resource"),
    ALREADY_EXISTS(18, "resource already exists"),
    IN_USE(19, "resource already in use"),
    NOT_AUTHENTICATED(20, "user not authenticated");

    private static final StatusCode[] BY_CODE = new StatusCode[21];

    static {
        for (StatusCode c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final String meaning;

    StatusCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The documented meaning of a code, or "unknown status code N". */
    public static String describe(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code].meaning : "unknown status code " + code;
    }
}
