package org.ser4j.study;

import java.io.IOException;
import java.nio.file.Path;

import org.ser4j.util.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** A study's figures: printed as indented JSON, and written to a file when one is named. */
final class StudyJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StudyJson() {}

    static void printAndWrite(Object figures, Path file) throws IOException {
        String text = JSON.writeValueAsString(figures);
        System.out.println(text);
        if (file != null) {
            AtomicFiles.writeString(file, text + "\n");
        }
    }
}
