export const agentProtocolVersion = 1;
