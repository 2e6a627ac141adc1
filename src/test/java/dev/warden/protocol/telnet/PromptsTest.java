package dev.warden.protocol.telnet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptsTest {
    @Test
    void miraisPromptForms() {
        assertEquals(Prompts.Kind.USER, Prompts.classify("\r\nDVR login: "));
        assertEquals(Prompts.Kind.USER, Prompts.classify("Username:"));
        assertEquals(Prompts.Kind.USER, Prompts.classify("Please enter>"));
        assertEquals(Prompts.Kind.PASSWORD, Prompts.classify("Password: "));
        assertEquals(Prompts.Kind.OTHER, Prompts.classify("BusyBox v1.12\r\n/ # "));
        assertEquals(Prompts.Kind.OTHER, Prompts.classify("router>"));
        assertEquals(Prompts.Kind.USER, Prompts.classify("user@cam:~$ "), "like Mirai, a prompt line naming a user counts as a user prompt");
    }

    @Test
    void terminalQueriesAfterThePromptAreIgnored() {
        // BusyBox 1.35 ash ends its prompt with ESC[6n (cursor position query)
        assertEquals(Prompts.Kind.OTHER, Prompts.classify("Enter 'help' for a list of built-in commands.\r\n\r\n~ # \u001b[6n"));
    }

    @Test
    void textWithoutATrailingPromptCharacterIsNoPrompt() {
        assertEquals(Prompts.Kind.NONE, Prompts.classify("Welcome to the device"));
        assertEquals(Prompts.Kind.NONE, Prompts.classify(""));
        assertEquals(Prompts.Kind.NONE, Prompts.classify("login: root\r\nLast login today"));
    }

    @Test
    void failureWords() {
        assertTrue(Prompts.failed("\r\nLogin incorrect\r\nlogin: "));
        assertTrue(Prompts.failed("Access denied"));
        assertTrue(Prompts.failed("Authentication failed"));
        assertFalse(Prompts.failed("/ # "));
    }
}
