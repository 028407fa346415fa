package dev.fusion4j.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the text encoders' factories read their inputs: UTF-8, strictly, and files of bounded size. */
final class TextFiles {
    private TextFiles() {
    }

    /** @throws TextEncodingException if the content is not UTF-8 */
    static String decode(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new TextEncodingException("the text is not UTF-8: " + e.getMessage(), e);
        }
    }

    /** @throws TextEncodingException if the file is missing, over {@code maxBytes} or not UTF-8 */
    static String read(Path file, long maxBytes) {
        byte[] content;
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new TextEncodingException(file + " is " + size + " bytes; a text file may have at most " + maxBytes);
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TextEncodingException("cannot read the text file " + file + ": " + e, e);
        }
        try {
            return decode(content);
        } catch (TextEncodingException e) {
            throw new TextEncodingException(file + ": " + e.getMessage(), e);
        }
    }
}
