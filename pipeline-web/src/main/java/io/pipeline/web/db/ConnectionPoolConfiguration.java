package io.pipeline.web.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connection pool (HikariCP, configured by Spring Boot from {@code spring.datasource.*}) makes its connections
 * through a {@link PromptReconnectDataSource} over the same driver, URL and properties, so that a node reaches its
 * database within a fraction of a second after an outage instead of at the pool's next backed-off attempt.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionPoolConfiguration {

    @Bean
    static BeanPostProcessor promptReconnect() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool && pool.getDataSource() == null
                        && pool.getDataSourceClassName() == null && pool.getJdbcUrl() != null) {
                    pool.setDataSource(new PromptReconnectDataSource(new DriverDataSource(pool.getJdbcUrl(),
                            pool.getDriverClassName(), pool.getDataSourceProperties(), pool.getUsername(),
                            pool.getPassword()), pool::isClosed));
                }
                return bean;
            }
        };
    }
}
