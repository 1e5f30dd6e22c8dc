package org.greater4j.notebook;

import tech.tablesaw.plotly.components.Figure;

/**
 * A Tablesaw figure with a title and a short text summary: shows as a drawn plotly chart in a
 * notebook, as the summary elsewhere. Made by {@link Plots}.
 *
 * @param title   what the plot shows
 * @param figure  the Tablesaw (plotly) figure
 * @param summary a few lines of text with the plotted numbers
 */
public record Plot(String title, Figure figure, String summary) {
    /** The title and summary. */
    @Override
    public String toString() {
        return "[plot] " + title + (summary.isEmpty() ? "" : "\n" + summary);
    }
}
