/**
 * The data model every Fusion4J module shares: modalities, features, samples, labels, the
 * {@link dev.fusion4j.data.Encoder} interface and the exception root; and the readers of data sets
 * on disk, with their splits. No tensor engine.
 */
module dev.fusion4j.data {
    requires org.apache.commons.csv;
    requires com.google.gson;
    requires org.slf4j;

    exports dev.fusion4j;
    exports dev.fusion4j.data;
    exports dev.fusion4j.dataset;

    uses dev.fusion4j.data.EncoderFactory;
}
