/** How far an object's desired state is realised on the hosts: the colour it is drawn in. */
export type Realised = 'ready' | 'pending' | 'failing';
