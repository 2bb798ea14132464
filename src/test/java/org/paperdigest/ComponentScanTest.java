package org.paperdigest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The application scans all of {@code org.paperdigest} for components and settings records, so in a test JVM it
 * reads the test classes too: one of them marked as a component would be in the context of every command a test
 * runs, which then differs from what operators run.
 */
class ComponentScanTest {

    @Test
    void theApplicationsScansFindNoTestClass() {
        URL application = PaperDigestApplication.class.getProtectionDomain().getCodeSource().getLocation();
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(true);
        scan.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<String> fromTests = scan.findCandidateComponents(PaperDigestApplication.class.getPackageName()).stream()
                .map(candidate -> ClassUtils.resolveClassName(candidate.getBeanClassName(), null))
                .filter(type -> !type.getProtectionDomain().getCodeSource().getLocation().equals(application))
                .map(Class::getName).toList();

        assertThat(fromTests).as("test classes the application's scans would add to every context").isEmpty();
    }
}
