package io.gwsload.report.run;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Request names as HdrHistogram log tags. The log format separates fields with commas and HdrHistogram's own
 * {@code HistogramLogReader} stops a tag at the first space, so names are percent-encoded
 * ({@code "Accept HTTP"} → {@code "Accept%20HTTP"}); every stock hlog tool then reads every interval.
 */
public final class HlogTags {
    private HlogTags() {
    }

    public static String encode(String requestName) {
        return URLEncoder.encode(requestName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String decode(String tag) {
        return URLDecoder.decode(tag, StandardCharsets.UTF_8);
    }
}
