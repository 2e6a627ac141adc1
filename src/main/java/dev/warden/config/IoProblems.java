package dev.warden.config;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A file-system failure in words a user can act on. Java's file exceptions often carry only the path as their message
 * ("warden: afile"); this names what went wrong with it.
 */
public final class IoProblems {
    private IoProblems() {}

    /** "FILE: what went wrong" for a file-system failure, else the exception's own message. */
    public static String describe(Exception e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        return t instanceof FileSystemException f && f.getFile() != null ? f.getFile() + ": " + reason(e) : reason(e);
    }

    /** What went wrong, without the file's name: for messages that name it already. */
    public static String reason(Exception e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (t instanceof FileSystemException f) {
            return switch (f) {
                case NoSuchFileException x -> "no such file or directory";
                case FileAlreadyExistsException x -> "already exists (and is not a folder Warden can use)";
                case AccessDeniedException x -> "permission denied";
                case NotDirectoryException x -> "not a directory";
                case DirectoryNotEmptyException x -> "directory not empty";
                default -> f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            };
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** Whether {@code e} is one of the file exceptions whose message is a bare path. */
    public static boolean isFileProblem(Throwable e) {
        return e instanceof FileSystemException || e instanceof UncheckedIOException u && u.getCause() instanceof FileSystemException;
    }
}
