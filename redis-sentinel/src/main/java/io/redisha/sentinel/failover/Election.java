package io.redisha.sentinel.failover;

import io.redisha.common.resp.RespClient;
import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Sentinel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agreement between sentinels: whether the master is down (ODOWN) and who leads the failover of
 * an epoch. Both travel in SENTINEL IS-MASTER-DOWN-BY-ADDR. A sentinel votes once per epoch,
 * for the first candidate that asks, and the vote is on disk (leader-epoch) before it answers:
 * a restarted sentinel cannot vote twice, so one epoch never has two leaders.
 */
public final class Election {
    private static final Logger log = LoggerFactory.getLogger("sentinel");
    /** Randomness added to a failed candidate's retry time, so peers do not retry in lockstep. */
    static final int MAX_DESYNC = 1000;

    private final Sentinel s;
    private Runnable onReply = () -> { };

    public Election(Sentinel s) {
        this.s = s;
    }

    /** Called after each peer answer, so ODOWN and the leader are seen at once, not a tick later. */
    void onReply(Runnable r) {
        this.onReply = r;
    }

    /**
     * Our answer to a peer's IS-MASTER-DOWN-BY-ADDR with a candidate: our vote for epoch
     * {@code reqEpoch}, given to {@code reqRunid} only if we gave none in that epoch yet.
     */
    public String vote(Instance m, long reqEpoch, String reqRunid) {
        s.observeEpoch(reqEpoch);
        if (m.leaderEpoch < reqEpoch && s.currentEpoch <= reqEpoch) {
            m.leader = reqRunid;
            m.leaderEpoch = s.currentEpoch;
            s.flushConfig();
            s.events.warnText("+vote-for-leader", m.leader + " " + m.leaderEpoch);
            // Having voted for someone else, keep out of the race for a while.
            if (!m.leader.equalsIgnoreCase(s.myid)) {
                m.failoverStartTime = System.currentTimeMillis() + ThreadLocalRandom.current().nextInt(MAX_DESYNC);
            }
        }
        return m.leader;
    }

    /**
     * Asks every peer whether it sees the master down; during our failover the same question
     * asks for its vote. Not forced, a peer is asked at most once per ask period.
     */
    public void askMasterState(Instance m, boolean forced) {
        long now = System.currentTimeMillis();
        for (Instance x : m.sentinels.values()) {
            long elapsed = now - x.lastMasterDownReplyTime;
            // An old answer means nothing: forget it.
            if (elapsed > s.timers.askPeriod * 5) {
                x.flags &= ~Instance.MASTER_DOWN;
                x.leader = null;
            }
            if (!m.is(Instance.S_DOWN)) continue;
            if (x.link.disconnected || x.link.cmd == null) continue;
            // Until the quorum agrees, ask every 100 ms: a peer turns SDOWN up to a ping period
            // after us, and ODOWN should follow at once rather than on the next ask period.
            long period = m.is(Instance.O_DOWN) ? s.timers.askPeriod : Math.min(s.timers.askPeriod, 100);
            if (!forced && elapsed < period) continue;
            // A plain question waits for the previous answer; a candidate's request never does.
            if (x.askPending && !forced) continue;
            x.askPending = true;
            String candidate = m.failoverState != FailoverState.NONE ? s.myid : "*";
            x.link.cmd.send(x.command("SENTINEL"), "is-master-down-by-addr", m.host, Integer.toString(m.port),
                    Long.toString(s.currentEpoch), candidate).whenComplete((r, e) -> {
                x.askPending = false;
                if (e != null || !(r instanceof List<?> l) || l.size() != 3) return;
                if (!(l.get(0) instanceof Long down) || !(l.get(2) instanceof Long epoch)) return;
                String leader = RespClient.text(l.get(1));
                if (leader == null) return;
                x.lastMasterDownReplyTime = System.currentTimeMillis();
                if (down == 1) x.flags |= Instance.MASTER_DOWN;
                else x.flags &= ~Instance.MASTER_DOWN;
                if (!leader.equals("*")) {
                    if (x.leader == null || !x.leader.equals(leader) || x.leaderEpoch != epoch) {
                        log.warn("{} voted for {} {}", x.name, leader, epoch);
                    }
                    x.leader = leader;
                    x.leaderEpoch = epoch;
                }
                onReply.run();
            });
        }
    }

    /**
     * The leader of {@code epoch} as far as we know: the runid with the most votes, if it has a
     * majority of all sentinels we know and at least the quorum. We also cast our own vote here
     * (for the front-runner, or ourselves), as Redis does.
     */
    public String leader(Instance m, long epoch) {
        Map<String, Integer> votes = new HashMap<>();
        int voters = m.sentinels.size() + 1;
        for (Instance x : m.sentinels.values()) {
            if (x.leader != null && x.leaderEpoch == s.currentEpoch) votes.merge(x.leader, 1, Integer::sum);
        }
        String winner = null;
        int max = 0;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > max || (e.getValue() == max && winner != null && e.getKey().compareTo(winner) < 0)) {
                max = e.getValue();
                winner = e.getKey();
            }
        }
        String myVote = vote(m, epoch, winner != null ? winner : s.myid);
        if (myVote != null && m.leaderEpoch == epoch) {
            int n = votes.merge(myVote, 1, Integer::sum);
            if (n > max) {
                max = n;
                winner = myVote;
            } else if (n == max && winner != null && !winner.equals(myVote) && myVote.compareTo(winner) < 0) {
                winner = myVote;
            }
        }
        int majority = voters / 2 + 1;
        if (winner != null && (max < majority || max < m.quorum)) winner = null;
        return winner;
    }
}
