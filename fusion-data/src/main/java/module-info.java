/**
 * The data model every Fusion4J module shares: modalities, features, samples, labels, the
 * {@link dev.fusion4j.data.Encoder} interface and the exception root. No tensor engine.
 */
module dev.fusion4j.data {
    exports dev.fusion4j;
    exports dev.fusion4j.data;
}
