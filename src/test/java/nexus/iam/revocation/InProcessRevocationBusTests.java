package nexus.iam.revocation;

/** The embedded default's bus: one process is every node there is. */
class InProcessRevocationBusTests extends RevocationBusContract {

	private InProcessRevocationBus bus;

	@Override
	protected RevocationBus emptyBus() {
		this.bus = new InProcessRevocationBus(this.clock);
		return this.bus;
	}

	@Override
	protected RevocationBus otherNode() {
		return this.bus;
	}
}
