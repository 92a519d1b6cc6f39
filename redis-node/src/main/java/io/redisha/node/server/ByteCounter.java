package io.redisha.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/** Counts bytes written to clients for INFO's total_net_output_bytes. */
final class ByteCounter extends ChannelOutboundHandlerAdapter {
    private final ServerStats stats;

    ByteCounter(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) stats.netOutputBytes.add(b.readableBytes());
        ctx.write(msg, promise);
    }

    @Override
    public boolean isSharable() {
        return true;
    }
}
