package org.greater4j.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;
import org.greater4j.optimize.PromptState;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;
import org.junit.jupiter.api.Test;

/** The rapaio kernel's hook: found by ServiceLoader, one renderer per type, HTML and text. */
class RapaioDisplayProviderTest {

    @Test
    void registeredAsAServiceWithARendererPerType() {
        List<DisplayProvider> found = ServiceLoader.load(DisplayProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(found).anyMatch(p -> p instanceof RapaioDisplayProvider);
        List<DisplayRenderer> rs = new RapaioDisplayProvider().getDisplayRenderers();
        assertThat(rs.stream().map(DisplayRenderer::rendererClass).toList()).contains(PromptState.class).hasSize(Html.types().size());
    }

    @Test
    void rendersHtmlWithATextTwin() {
        {
            DisplayRenderer r = new RapaioDisplayProvider().getDisplayRenderers().stream()
                    .filter(x -> x.rendererClass() == PromptState.class).findFirst().orElseThrow();
            assertThat(r.canRender(null)).isTrue();
            DisplayData d = r.render(null, Fixtures.prompt());
            assertThat((String) d.data().get("text/html")).contains("g4j-pos");
            assertThat((String) d.data().get("text/plain")).contains(">>·the<<");
            assertThat(r.render("text/plain", Fixtures.prompt()).data()).doesNotContainKey("text/html");
        }
    }
}
