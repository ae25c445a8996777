package io.pipeline.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Airflow's {@code GET /api/v1/datasets/{uri}} takes the dataset's URI URL-encoded in one path segment, so
 * {@code s3://b/k} arrives as {@code s3%3A%2F%2Fb%2Fk}. Tomcat leaves an encoded slash encoded (it is never turned
 * into a path separator, so it cannot make a dot segment or reach another handler), and the firewall accepts it in
 * that one path alone; every other path still refuses it as before. Authorization is unaffected: it is declared on
 * the handler the path resolves to, not on the path.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class DatasetUriPaths {
    static final String DATASET_BY_URI = "/api/v1/datasets/";

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashLeftEncoded() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }

    @Bean
    HttpFirewall httpFirewall() {
        return new DatasetUriFirewall();
    }

    /** The strict firewall everywhere; in the dataset-by-URI path it also accepts an encoded slash. */
    static final class DatasetUriFirewall implements HttpFirewall {
        private final StrictHttpFirewall strict = new StrictHttpFirewall();
        private final StrictHttpFirewall datasetUri = new StrictHttpFirewall();

        DatasetUriFirewall() {
            datasetUri.setAllowUrlEncodedSlash(true);
            datasetUri.setAllowUrlEncodedDoubleSlash(true);
            // Tomcat leaves %2F encoded in the servlet path, where the strict rule reads any '%' as a decoded %25
            datasetUri.setAllowUrlEncodedPercent(true);
        }

        @Override
        public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
            String uri = request.getRequestURI();
            boolean oneSegmentAfter = uri != null && uri.startsWith(DATASET_BY_URI)
                    && uri.indexOf('/', DATASET_BY_URI.length()) < 0;
            return (oneSegmentAfter ? datasetUri : strict).getFirewalledRequest(request);
        }

        @Override
        public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
            return strict.getFirewalledResponse(response);
        }
    }
}
