package dev.fusion4j.text;

import dev.fusion4j.data.EncoderFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the text encoders' factories share: their encoders take strings, read as UTF-8 (strictly)
 * from files of at most {@link BertTextEncoder.Factory#MAX_FILE_BYTES} or from their bytes.
 */
abstract class TextFactory implements EncoderFactory<String> {

    @Override
    public Class<String> inputType() {
        return String.class;
    }

    /** @throws TextEncodingException if the content is not UTF-8 */
    @Override
    public String read(byte[] content) {
        return decode(content);
    }

    /** @throws TextEncodingException if the file is missing, too large or not UTF-8 */
    @Override
    public String read(Path file) {
        return read(file, BertTextEncoder.Factory.MAX_FILE_BYTES);
    }

    private static String decode(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new TextEncodingException("the text is not UTF-8: " + e.getMessage(), e);
        }
    }

    private static String read(Path file, long maxBytes) {
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
