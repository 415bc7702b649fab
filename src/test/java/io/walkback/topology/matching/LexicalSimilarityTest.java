package io.walkback.topology.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Lexical similarity: Lucene analysis with synonyms, stemming and party words")
class LexicalSimilarityTest {

    private static final LexicalSimilarity LEXICAL = new LexicalSimilarity(Path.of("config/synonyms.txt"));

    private static List<String> terms(String text) {
        return LEXICAL.profile("", text).terms();
    }

    @Test
    @DisplayName("Name variants from the synonym file share a term: ISIS, ISIL, Daesh, Islamic State")
    void synonymsApply() {
        TextSimilarity.Scored scored = LEXICAL.score(
                LEXICAL.profile("Coalition strikes on ISIS", "The coalition said it struck ISIS positions."),
                LEXICAL.profile("Raids on Islamic State", "Officials denied the raids hit Islamic State fighters."));
        assertThat(scored.terms()).contains("isi");
        assertThat(terms("Daesh")).isEqualTo(terms("ISIL")).isEqualTo(terms("Islamic State"));
        assertThat(terms("a truce")).isEqualTo(terms("a ceasefire"));
        assertThat(terms("new intel")).isEqualTo(terms("new intelligence"));
    }

    @Test
    @DisplayName("Porter stemming runs before the synonyms, so one inflection of an entry matches all")
    void stemming() {
        assertThat(terms("negotiations")).isEqualTo(terms("negotiating")).isEqualTo(terms("talks"));
        assertThat(terms("scrapped")).isEqualTo(terms("scrapping")).isEqualTo(terms("cancelled"));
        assertThat(terms("tariffs")).isEqualTo(terms("duties"));
    }

    @Test
    @DisplayName("Stop words and news boilerplate are dropped; party words (countries, capitals) are not terms")
    void stopWordsAndParties() {
        assertThat(terms("The ministry said that it would not comment")).containsExactly("comment");
        assertThat(terms("China and Beijing, Chinese officials; Washington, the U.S. and the United States"))
                .isEmpty();
        assertThat(LEXICAL.maskParties("North Korea told Seoul that the U.S. would wait", ""))
                .isEqualTo("told that the would wait");
        // the pronoun "us" is neither a country nor a term
        assertThat(terms("they told us")).isEmpty();
    }

    @Test
    @DisplayName("Shared terms are reported sorted and deduplicated, and the score is in [0, 1]")
    void sharedTerms() {
        TextProfile a = LEXICAL.profile("Tariff truce agreed",
                "The two sides agreed a truce on tariffs and to resume talks on soybeans and soybeans.");
        TextProfile b = LEXICAL.profile("No truce", "Officials said no tariff truce and no soybean talks were agreed.");
        TextSimilarity.Scored scored = LEXICAL.score(a, b);
        assertThat(scored.terms()).containsExactly("agre", "ceasefir", "soybean", "talk", "tariff");
        assertThat(scored.score()).isBetween(0.5, 1.0);
        assertThat(LEXICAL.score(a, a).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        TextSimilarity.Scored none = LEXICAL.score(a, LEXICAL.profile("Fishing quotas", "Quotas for cod rise."));
        assertThat(none.score()).isZero();
        assertThat(none.terms()).isEmpty();
    }

    @Test
    @DisplayName("Names and numbers are specific terms and weigh more than ordinary words")
    void specificTermsWeighMore() {
        TextProfile p = LEXICAL.profile("Talks in Stockholm", "Envoys will meet again on 16 May in Stockholm.");
        assertThat(p.specific()).contains("stockholm", "16").doesNotContain("talk", "envoi");
        TextProfile sharesName = LEXICAL.profile("", "They left Stockholm");
        TextProfile sharesWord = LEXICAL.profile("", "They left the talks");
        assertThat(LEXICAL.score(p, sharesName).score()).isGreaterThan(LEXICAL.score(p, sharesWord).score());
    }

    @Test
    @DisplayName("A profile is a small Jackson record that round-trips")
    void profileIsJson() throws Exception {
        TextProfile p = LEXICAL.profile("Tariff truce agreed", "The two sides agreed a truce on tariffs.");
        ObjectMapper json = new ObjectMapper();
        String s = json.writeValueAsString(p);
        TextProfile back = json.readValue(s, TextProfile.class);
        assertThat(back.terms()).isEqualTo(p.terms());
        assertThat(back.specific()).isEqualTo(p.specific());
        assertThat(LEXICAL.score(back, p).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    @DisplayName("A broken synonym file fails with the file named; inline rules work for tests")
    void badSynonymFile(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.txt"), "a => \n");
        assertThatThrownBy(() -> new LexicalSimilarity(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.txt");
        assertThatThrownBy(() -> new LexicalSimilarity(dir.resolve("missing.txt")))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("missing.txt");
        LexicalSimilarity inline = LexicalSimilarity.fromRules("pact, deal, accord\n");
        assertThat(inline.profile("", "accord").terms()).isEqualTo(inline.profile("", "deal").terms());
    }
}
