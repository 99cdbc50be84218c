var _spPageContextInfo={};
