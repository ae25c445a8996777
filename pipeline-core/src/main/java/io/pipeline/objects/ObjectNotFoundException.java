package io.pipeline.objects;

/** No object exists under the key. */
public class ObjectNotFoundException extends ObjectStoreException {
    public ObjectNotFoundException(String location) {
        super("no object at " + location);
    }
}
