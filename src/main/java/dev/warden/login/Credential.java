package dev.warden.login;

/** A username/password pair from the dictionary, with how likely it is (the Mirai list's weight, or a vendor's). */
public record Credential(String user, String password, int weight, String source) {

    /** The pair as output shows it: the password masked unless the user asked to see it. */
    public String display(boolean showPassword) {
        return user + ":" + (showPassword ? password : mask(password));
    }

    public static String mask(String password) {
        if (password.isEmpty()) return "(empty)";
        return "*".repeat(Math.min(8, password.length()));
    }
}
