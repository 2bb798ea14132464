package org.paperdigest.job;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * The partition requests a worker is running: each is handed on its consumer's thread through the request channel,
 * and that hand-over returns once the partition's step has ended and its state is saved. A stopping worker waits
 * for none to be left before the process may exit.
 */
final class InFlightPartitions implements ChannelInterceptor {

    private int running;

    @Override
    public synchronized Message<?> preSend(Message<?> message, MessageChannel channel) {
        running++;
        return message;
    }

    @Override
    public synchronized void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent,
            Exception failure) {
        running--;
        notifyAll();
    }

    /** Waits until no partition runs; CleanStop's grace bounds how long a stopping process waits for this. */
    synchronized void awaitNone() throws InterruptedException {
        while (running > 0) {
            wait();
        }
    }
}
