package org.paperdigest.delivery;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

/**
 * H2 keeps commits in memory for up to 500 ms by default, so a killed process would lose the record
 * of messages the relay already accepted, and send them again. Every commit is written through to
 * the file (the operating system's cache, which survives the process) instead. Set at every start,
 * since H2 does not apply a stored WRITE_DELAY when it reopens a database, whatever the JDBC URL.
 */
@Component
class DurableCommits implements InitializingBean {

    private final DataSource dataSource;

    DurableCommits(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws Exception {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        if ("H2".equals(product)) {
            new JdbcTemplate(dataSource).execute("SET WRITE_DELAY 0");
        }
    }
}
