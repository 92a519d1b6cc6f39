package io.redisha.sentinel.failover;

/** The failover state machine's states, named as SENTINEL MASTER's failover-state field shows them. */
public enum FailoverState {
    NONE("none"), WAIT_START("wait_start"), SELECT_SLAVE("select_slave"),
    SEND_SLAVEOF_NOONE("send_slaveof_noone"), WAIT_PROMOTION("wait_promotion"),
    RECONF_SLAVES("reconf_slaves"), UPDATE_CONFIG("update_config");

    public final String label;

    FailoverState(String label) {
        this.label = label;
    }
}
