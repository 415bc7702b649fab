package io.walkback.contract;

import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the contract: its name and how its keys and values are written. Producers, consumers, the topology
 * and the tests take serdes from here, so a topic cannot be read with one encoding and written with another.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    @Override
    public String toString() {
        return name;
    }
}
