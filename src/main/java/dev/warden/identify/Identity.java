package dev.warden.identify;

/** What a device is, as far as its answers tell: maker, model, firmware, CPE name, and the fingerprint that said so. */
public record Identity(String manufacturer, String model, String firmware, String cpe, String type, String fingerprint,
                       String evidence, LoginForm form) {
    public static final Identity UNKNOWN = new Identity(null, null, null, null, null, null, "no fingerprint matched", null);

    public boolean known() {
        return fingerprint != null;
    }

    public String describe() {
        if (!known()) return "unidentified";
        var sb = new StringBuilder(manufacturer == null ? "" : manufacturer);
        if (model != null) sb.append(sb.isEmpty() ? "" : " ").append(model);
        if (firmware != null) sb.append(" fw ").append(firmware);
        return sb.toString();
    }
}
