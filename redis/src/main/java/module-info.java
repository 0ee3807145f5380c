/** The {@code redis} source on Lettuce, and the Redis lock that coordinates schedulers on several instances. */
module io.github.dbsnap.redis {
    requires io.github.dbsnap;
    requires org.slf4j;
    requires lettuce.core;

    exports io.github.dbsnap.redis;

    provides io.github.dbsnap.spi.DatabaseSourceFactory with io.github.dbsnap.redis.RedisSourceFactory;
    provides io.github.dbsnap.spi.SchedulerLockFactory with io.github.dbsnap.redis.RedisSchedulerLockFactory;
}
