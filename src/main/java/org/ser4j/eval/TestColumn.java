package org.ser4j.eval;

/**
 * A test column of the paper's tables: a (corpus, language) pair. The synthetic corpus's English and Japanese halves
 * stand where IEMOCAP and JTES stand in the paper.
 */
public record TestColumn(String corpus, String language) implements Comparable<TestColumn> {
    @Override
    public int compareTo(TestColumn o) {
        int c = corpus.compareTo(o.corpus);
        return c != 0 ? c : language.compareTo(o.language);
    }

    @Override
    public String toString() {
        return corpus + "/" + language;
    }
}
